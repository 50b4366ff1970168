// The matching screens the router loads together (they share most of their code).
export { FindMenteeScreen } from './FindMenteeScreen'
export { FindMentorScreen } from './FindMentorScreen'
export { MenteeScreen } from './MenteeScreen'
export { MentorScreen } from './MentorScreen'

/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation SignIn($input: LoginInput!) {\n    login(input: $input) {\n      user {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n": typeof types.SignInDocument,
    "\n  mutation SignOut {\n    logout {\n      success\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n": typeof types.SignOutDocument,
    "\n  mutation SignUp($input: RegisterInput!) {\n    register(input: $input) {\n      user {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n": typeof types.SignUpDocument,
    "\n  fragment MentorshipCard on Mentorship {\n    id\n    status\n    startedAt\n    endedAt\n    outcome\n    endReason\n    endedBy {\n      id\n      displayName\n    }\n    mentor {\n      id\n      displayName\n      email\n      profile {\n        contactNote\n      }\n    }\n    mentee {\n      id\n      displayName\n      email\n      profile {\n        contactNote\n      }\n    }\n    request {\n      id\n      objectives\n    }\n  }\n": typeof types.MentorshipCardFragmentDoc,
    "\n  mutation EndMentorship($input: EndMentorshipInput!) {\n    endMentorship(input: $input) {\n      mentorship {\n        ...MentorshipCard\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n": typeof types.EndMentorshipDocument,
    "\n  query MyMentorships($status: [MentorshipStatus!], $first: Int!, $after: String) {\n    myMentorships(status: $status, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          ...MentorshipCard\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.MyMentorshipsDocument,
    "\n  query UnreadNotificationCount {\n    notifications(first: 1) {\n      unreadCount\n    }\n  }\n": typeof types.UnreadNotificationCountDocument,
    "\n  subscription NotificationReceived {\n    notificationReceived {\n      id\n      kind\n      message\n      createdAt\n      read\n    }\n  }\n": typeof types.NotificationReceivedDocument,
    "\n  fragment NotificationItem on Notification {\n    id\n    kind\n    message\n    createdAt\n    read\n    request {\n      id\n      recipient {\n        id\n      }\n    }\n    mentorship {\n      id\n    }\n  }\n": typeof types.NotificationItemFragmentDoc,
    "\n  query Notifications($first: Int!, $after: String) {\n    notifications(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          ...NotificationItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.NotificationsDocument,
    "\n  mutation MarkNotificationsRead($input: MarkNotificationsReadInput!) {\n    markNotificationsRead(input: $input) {\n      marked\n      unreadCount\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n": typeof types.MarkNotificationsReadDocument,
    "\n  fragment ProfileFormFields on Profile {\n    canMentor\n    seeksMentoring\n    headline\n    bio\n    expertise\n    objectives\n    skills {\n      name\n      level\n    }\n    careerStage\n    yearsOfExperience\n    department\n    location\n    timezone\n    languages\n    contactNote\n    capacity\n    acceptingRequests\n    personality {\n      bigFive {\n        openness\n        conscientiousness\n        extraversion\n        agreeableness\n        neuroticism\n      }\n      mbti\n    }\n    updatedAt\n  }\n": typeof types.ProfileFormFieldsFragmentDoc,
    "\n  mutation UpdateMyProfile($input: ProfileInput!) {\n    updateMyProfile(input: $input) {\n      profile {\n        ...ProfileFormFields\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n": typeof types.UpdateMyProfileDocument,
    "\n  query MyProfile {\n    me {\n      id\n      profile {\n        ...ProfileFormFields\n      }\n    }\n  }\n": typeof types.MyProfileDocument,
    "\n  fragment RequestCard on MentorshipRequest {\n    id\n    status\n    initiator\n    message\n    objectives\n    reason\n    createdAt\n    expiresAt\n    decidedAt\n    mentor {\n      id\n      displayName\n    }\n    mentee {\n      id\n      displayName\n    }\n    sender {\n      id\n      displayName\n    }\n    recipient {\n      id\n      displayName\n    }\n    mentorship {\n      id\n    }\n  }\n": typeof types.RequestCardFragmentDoc,
    "\n  mutation AcceptMentorshipRequest($id: ID!) {\n    acceptMentorshipRequest(id: $id) {\n      request {\n        ...RequestCard\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n": typeof types.AcceptMentorshipRequestDocument,
    "\n  mutation DeclineMentorshipRequest($id: ID!, $reason: String) {\n    declineMentorshipRequest(id: $id, reason: $reason) {\n      request {\n        ...RequestCard\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n": typeof types.DeclineMentorshipRequestDocument,
    "\n  mutation WithdrawMentorshipRequest($id: ID!) {\n    withdrawMentorshipRequest(id: $id) {\n      request {\n        ...RequestCard\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n": typeof types.WithdrawMentorshipRequestDocument,
    "\n  query IncomingRequests($first: Int!, $after: String) {\n    requests: incomingMentorshipRequests(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          ...RequestCard\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.IncomingRequestsDocument,
    "\n  query OutgoingRequests($first: Int!, $after: String) {\n    requests: outgoingMentorshipRequests(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          ...RequestCard\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.OutgoingRequestsDocument,
    "\n  query Viewer {\n    me {\n      id\n      displayName\n      email\n      isAdmin\n      profile {\n        canMentor\n        seeksMentoring\n      }\n    }\n  }\n": typeof types.ViewerDocument,
};
const documents: Documents = {
    "\n  mutation SignIn($input: LoginInput!) {\n    login(input: $input) {\n      user {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n": types.SignInDocument,
    "\n  mutation SignOut {\n    logout {\n      success\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n": types.SignOutDocument,
    "\n  mutation SignUp($input: RegisterInput!) {\n    register(input: $input) {\n      user {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n": types.SignUpDocument,
    "\n  fragment MentorshipCard on Mentorship {\n    id\n    status\n    startedAt\n    endedAt\n    outcome\n    endReason\n    endedBy {\n      id\n      displayName\n    }\n    mentor {\n      id\n      displayName\n      email\n      profile {\n        contactNote\n      }\n    }\n    mentee {\n      id\n      displayName\n      email\n      profile {\n        contactNote\n      }\n    }\n    request {\n      id\n      objectives\n    }\n  }\n": types.MentorshipCardFragmentDoc,
    "\n  mutation EndMentorship($input: EndMentorshipInput!) {\n    endMentorship(input: $input) {\n      mentorship {\n        ...MentorshipCard\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n": types.EndMentorshipDocument,
    "\n  query MyMentorships($status: [MentorshipStatus!], $first: Int!, $after: String) {\n    myMentorships(status: $status, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          ...MentorshipCard\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.MyMentorshipsDocument,
    "\n  query UnreadNotificationCount {\n    notifications(first: 1) {\n      unreadCount\n    }\n  }\n": types.UnreadNotificationCountDocument,
    "\n  subscription NotificationReceived {\n    notificationReceived {\n      id\n      kind\n      message\n      createdAt\n      read\n    }\n  }\n": types.NotificationReceivedDocument,
    "\n  fragment NotificationItem on Notification {\n    id\n    kind\n    message\n    createdAt\n    read\n    request {\n      id\n      recipient {\n        id\n      }\n    }\n    mentorship {\n      id\n    }\n  }\n": types.NotificationItemFragmentDoc,
    "\n  query Notifications($first: Int!, $after: String) {\n    notifications(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          ...NotificationItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.NotificationsDocument,
    "\n  mutation MarkNotificationsRead($input: MarkNotificationsReadInput!) {\n    markNotificationsRead(input: $input) {\n      marked\n      unreadCount\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n": types.MarkNotificationsReadDocument,
    "\n  fragment ProfileFormFields on Profile {\n    canMentor\n    seeksMentoring\n    headline\n    bio\n    expertise\n    objectives\n    skills {\n      name\n      level\n    }\n    careerStage\n    yearsOfExperience\n    department\n    location\n    timezone\n    languages\n    contactNote\n    capacity\n    acceptingRequests\n    personality {\n      bigFive {\n        openness\n        conscientiousness\n        extraversion\n        agreeableness\n        neuroticism\n      }\n      mbti\n    }\n    updatedAt\n  }\n": types.ProfileFormFieldsFragmentDoc,
    "\n  mutation UpdateMyProfile($input: ProfileInput!) {\n    updateMyProfile(input: $input) {\n      profile {\n        ...ProfileFormFields\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n": types.UpdateMyProfileDocument,
    "\n  query MyProfile {\n    me {\n      id\n      profile {\n        ...ProfileFormFields\n      }\n    }\n  }\n": types.MyProfileDocument,
    "\n  fragment RequestCard on MentorshipRequest {\n    id\n    status\n    initiator\n    message\n    objectives\n    reason\n    createdAt\n    expiresAt\n    decidedAt\n    mentor {\n      id\n      displayName\n    }\n    mentee {\n      id\n      displayName\n    }\n    sender {\n      id\n      displayName\n    }\n    recipient {\n      id\n      displayName\n    }\n    mentorship {\n      id\n    }\n  }\n": types.RequestCardFragmentDoc,
    "\n  mutation AcceptMentorshipRequest($id: ID!) {\n    acceptMentorshipRequest(id: $id) {\n      request {\n        ...RequestCard\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n": types.AcceptMentorshipRequestDocument,
    "\n  mutation DeclineMentorshipRequest($id: ID!, $reason: String) {\n    declineMentorshipRequest(id: $id, reason: $reason) {\n      request {\n        ...RequestCard\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n": types.DeclineMentorshipRequestDocument,
    "\n  mutation WithdrawMentorshipRequest($id: ID!) {\n    withdrawMentorshipRequest(id: $id) {\n      request {\n        ...RequestCard\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n": types.WithdrawMentorshipRequestDocument,
    "\n  query IncomingRequests($first: Int!, $after: String) {\n    requests: incomingMentorshipRequests(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          ...RequestCard\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.IncomingRequestsDocument,
    "\n  query OutgoingRequests($first: Int!, $after: String) {\n    requests: outgoingMentorshipRequests(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          ...RequestCard\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.OutgoingRequestsDocument,
    "\n  query Viewer {\n    me {\n      id\n      displayName\n      email\n      isAdmin\n      profile {\n        canMentor\n        seeksMentoring\n      }\n    }\n  }\n": types.ViewerDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignIn($input: LoginInput!) {\n    login(input: $input) {\n      user {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SignIn($input: LoginInput!) {\n    login(input: $input) {\n      user {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOut {\n    logout {\n      success\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SignOut {\n    logout {\n      success\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($input: RegisterInput!) {\n    register(input: $input) {\n      user {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SignUp($input: RegisterInput!) {\n    register(input: $input) {\n      user {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MentorshipCard on Mentorship {\n    id\n    status\n    startedAt\n    endedAt\n    outcome\n    endReason\n    endedBy {\n      id\n      displayName\n    }\n    mentor {\n      id\n      displayName\n      email\n      profile {\n        contactNote\n      }\n    }\n    mentee {\n      id\n      displayName\n      email\n      profile {\n        contactNote\n      }\n    }\n    request {\n      id\n      objectives\n    }\n  }\n"): (typeof documents)["\n  fragment MentorshipCard on Mentorship {\n    id\n    status\n    startedAt\n    endedAt\n    outcome\n    endReason\n    endedBy {\n      id\n      displayName\n    }\n    mentor {\n      id\n      displayName\n      email\n      profile {\n        contactNote\n      }\n    }\n    mentee {\n      id\n      displayName\n      email\n      profile {\n        contactNote\n      }\n    }\n    request {\n      id\n      objectives\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndMentorship($input: EndMentorshipInput!) {\n    endMentorship(input: $input) {\n      mentorship {\n        ...MentorshipCard\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation EndMentorship($input: EndMentorshipInput!) {\n    endMentorship(input: $input) {\n      mentorship {\n        ...MentorshipCard\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyMentorships($status: [MentorshipStatus!], $first: Int!, $after: String) {\n    myMentorships(status: $status, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          ...MentorshipCard\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyMentorships($status: [MentorshipStatus!], $first: Int!, $after: String) {\n    myMentorships(status: $status, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          ...MentorshipCard\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UnreadNotificationCount {\n    notifications(first: 1) {\n      unreadCount\n    }\n  }\n"): (typeof documents)["\n  query UnreadNotificationCount {\n    notifications(first: 1) {\n      unreadCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription NotificationReceived {\n    notificationReceived {\n      id\n      kind\n      message\n      createdAt\n      read\n    }\n  }\n"): (typeof documents)["\n  subscription NotificationReceived {\n    notificationReceived {\n      id\n      kind\n      message\n      createdAt\n      read\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NotificationItem on Notification {\n    id\n    kind\n    message\n    createdAt\n    read\n    request {\n      id\n      recipient {\n        id\n      }\n    }\n    mentorship {\n      id\n    }\n  }\n"): (typeof documents)["\n  fragment NotificationItem on Notification {\n    id\n    kind\n    message\n    createdAt\n    read\n    request {\n      id\n      recipient {\n        id\n      }\n    }\n    mentorship {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Notifications($first: Int!, $after: String) {\n    notifications(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          ...NotificationItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Notifications($first: Int!, $after: String) {\n    notifications(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          ...NotificationItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkNotificationsRead($input: MarkNotificationsReadInput!) {\n    markNotificationsRead(input: $input) {\n      marked\n      unreadCount\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation MarkNotificationsRead($input: MarkNotificationsReadInput!) {\n    markNotificationsRead(input: $input) {\n      marked\n      unreadCount\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ProfileFormFields on Profile {\n    canMentor\n    seeksMentoring\n    headline\n    bio\n    expertise\n    objectives\n    skills {\n      name\n      level\n    }\n    careerStage\n    yearsOfExperience\n    department\n    location\n    timezone\n    languages\n    contactNote\n    capacity\n    acceptingRequests\n    personality {\n      bigFive {\n        openness\n        conscientiousness\n        extraversion\n        agreeableness\n        neuroticism\n      }\n      mbti\n    }\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment ProfileFormFields on Profile {\n    canMentor\n    seeksMentoring\n    headline\n    bio\n    expertise\n    objectives\n    skills {\n      name\n      level\n    }\n    careerStage\n    yearsOfExperience\n    department\n    location\n    timezone\n    languages\n    contactNote\n    capacity\n    acceptingRequests\n    personality {\n      bigFive {\n        openness\n        conscientiousness\n        extraversion\n        agreeableness\n        neuroticism\n      }\n      mbti\n    }\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateMyProfile($input: ProfileInput!) {\n    updateMyProfile(input: $input) {\n      profile {\n        ...ProfileFormFields\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateMyProfile($input: ProfileInput!) {\n    updateMyProfile(input: $input) {\n      profile {\n        ...ProfileFormFields\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyProfile {\n    me {\n      id\n      profile {\n        ...ProfileFormFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyProfile {\n    me {\n      id\n      profile {\n        ...ProfileFormFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RequestCard on MentorshipRequest {\n    id\n    status\n    initiator\n    message\n    objectives\n    reason\n    createdAt\n    expiresAt\n    decidedAt\n    mentor {\n      id\n      displayName\n    }\n    mentee {\n      id\n      displayName\n    }\n    sender {\n      id\n      displayName\n    }\n    recipient {\n      id\n      displayName\n    }\n    mentorship {\n      id\n    }\n  }\n"): (typeof documents)["\n  fragment RequestCard on MentorshipRequest {\n    id\n    status\n    initiator\n    message\n    objectives\n    reason\n    createdAt\n    expiresAt\n    decidedAt\n    mentor {\n      id\n      displayName\n    }\n    mentee {\n      id\n      displayName\n    }\n    sender {\n      id\n      displayName\n    }\n    recipient {\n      id\n      displayName\n    }\n    mentorship {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptMentorshipRequest($id: ID!) {\n    acceptMentorshipRequest(id: $id) {\n      request {\n        ...RequestCard\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AcceptMentorshipRequest($id: ID!) {\n    acceptMentorshipRequest(id: $id) {\n      request {\n        ...RequestCard\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeclineMentorshipRequest($id: ID!, $reason: String) {\n    declineMentorshipRequest(id: $id, reason: $reason) {\n      request {\n        ...RequestCard\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DeclineMentorshipRequest($id: ID!, $reason: String) {\n    declineMentorshipRequest(id: $id, reason: $reason) {\n      request {\n        ...RequestCard\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WithdrawMentorshipRequest($id: ID!) {\n    withdrawMentorshipRequest(id: $id) {\n      request {\n        ...RequestCard\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation WithdrawMentorshipRequest($id: ID!) {\n    withdrawMentorshipRequest(id: $id) {\n      request {\n        ...RequestCard\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IncomingRequests($first: Int!, $after: String) {\n    requests: incomingMentorshipRequests(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          ...RequestCard\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query IncomingRequests($first: Int!, $after: String) {\n    requests: incomingMentorshipRequests(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          ...RequestCard\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OutgoingRequests($first: Int!, $after: String) {\n    requests: outgoingMentorshipRequests(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          ...RequestCard\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query OutgoingRequests($first: Int!, $after: String) {\n    requests: outgoingMentorshipRequests(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          ...RequestCard\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    me {\n      id\n      displayName\n      email\n      isAdmin\n      profile {\n        canMentor\n        seeksMentoring\n      }\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    me {\n      id\n      displayName\n      email\n      isAdmin\n      profile {\n        canMentor\n        seeksMentoring\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;
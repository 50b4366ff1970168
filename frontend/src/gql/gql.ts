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
    "\n  query MenteeMatches($query: String, $first: Int!, $after: String, $filter: MenteeFilter, $withCount: Boolean!) {\n    menteeMatches(query: $query, first: $first, after: $after, filter: $filter) {\n      totalCount @include(if: $withCount)\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          score\n          mentee {\n            id\n            displayName\n            profile {\n              objectives\n            }\n            ...MatchCard_user\n          }\n          explanation {\n            ...MatchExplanation_explanation\n          }\n        }\n      }\n    }\n  }\n": typeof types.MenteeMatchesDocument,
    "\n  query MentorMatches($query: String, $first: Int!, $after: String, $filter: MentorFilter, $withCount: Boolean!) {\n    mentorMatches(query: $query, first: $first, after: $after, filter: $filter) {\n      totalCount @include(if: $withCount)\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          score\n          mentor {\n            id\n            displayName\n            ...MatchCard_user\n          }\n          explanation {\n            ...MatchExplanation_explanation\n          }\n        }\n      }\n    }\n  }\n": typeof types.MentorMatchesDocument,
    "\n  mutation InviteMentee($input: InviteMenteeInput!) {\n    inviteMentee(input: $input) {\n      request {\n        id\n        status\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n": typeof types.InviteMenteeDocument,
    "\n  fragment MatchCard_user on User {\n    id\n    displayName\n    profile {\n      headline\n      careerStage\n      yearsOfExperience\n      department\n      location\n      timezone\n      utcOffsetMinutes\n      languages\n    }\n  }\n": typeof types.MatchCard_UserFragmentDoc,
    "\n  fragment MatchExplanation_explanation on MatchExplanation {\n    summary\n    matchedObjectives {\n      objective\n      expertise\n      similarity\n    }\n    sharedSkills {\n      name\n      mentorLevel\n      menteeLevel\n    }\n    personality\n    careerDirection\n    components {\n      kind\n      value\n      weight\n      contribution\n    }\n  }\n": typeof types.MatchExplanation_ExplanationFragmentDoc,
    "\n  query MenteeProfile($id: ID!) {\n    profile(id: $id) {\n      seeksMentoring\n      objectives\n      headline\n      user {\n        id\n        displayName\n        email\n      }\n      ...ProfileDetails_profile\n    }\n  }\n": typeof types.MenteeProfileDocument,
    "\n  query MentorProfile($id: ID!) {\n    profile(id: $id) {\n      canMentor\n      acceptingRequests\n      headline\n      user {\n        id\n        displayName\n        email\n      }\n      ...ProfileDetails_profile\n    }\n  }\n": typeof types.MentorProfileDocument,
    "\n  fragment ProfileDetails_profile on Profile {\n    canMentor\n    seeksMentoring\n    headline\n    bio\n    expertise\n    objectives\n    skills {\n      name\n      level\n    }\n    careerStage\n    yearsOfExperience\n    department\n    location\n    timezone\n    utcOffsetMinutes\n    languages\n    personality {\n      bigFive {\n        openness\n        conscientiousness\n        extraversion\n        agreeableness\n        neuroticism\n      }\n      mbti\n    }\n    capacity\n    acceptingRequests\n    contactNote\n    user {\n      id\n      email\n    }\n  }\n": typeof types.ProfileDetails_ProfileFragmentDoc,
    "\n  mutation RequestMentorship($input: RequestMentorshipInput!) {\n    requestMentorship(input: $input) {\n      request {\n        id\n        status\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n": typeof types.RequestMentorshipDocument,
    "\n  query MyMatchingProfile {\n    me {\n      id\n      displayName\n      profile {\n        canMentor\n        seeksMentoring\n        objectives\n        expertise\n      }\n    }\n  }\n": typeof types.MyMatchingProfileDocument,
    "\n  query PendingRequestsWith {\n    outgoingMentorshipRequests(status: [PENDING], first: 50) {\n      edges {\n        node {\n          id\n          createdAt\n          recipient {\n            id\n          }\n        }\n      }\n    }\n    incomingMentorshipRequests(status: [PENDING], first: 50) {\n      edges {\n        node {\n          id\n          createdAt\n          sender {\n            id\n          }\n        }\n      }\n    }\n  }\n": typeof types.PendingRequestsWithDocument,
    "\n  query UnreadNotificationCount {\n    notifications(first: 1) {\n      unreadCount\n    }\n  }\n": typeof types.UnreadNotificationCountDocument,
    "\n  subscription NotificationReceived {\n    notificationReceived {\n      id\n      kind\n      message\n      createdAt\n      read\n    }\n  }\n": typeof types.NotificationReceivedDocument,
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
    "\n  query MenteeMatches($query: String, $first: Int!, $after: String, $filter: MenteeFilter, $withCount: Boolean!) {\n    menteeMatches(query: $query, first: $first, after: $after, filter: $filter) {\n      totalCount @include(if: $withCount)\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          score\n          mentee {\n            id\n            displayName\n            profile {\n              objectives\n            }\n            ...MatchCard_user\n          }\n          explanation {\n            ...MatchExplanation_explanation\n          }\n        }\n      }\n    }\n  }\n": types.MenteeMatchesDocument,
    "\n  query MentorMatches($query: String, $first: Int!, $after: String, $filter: MentorFilter, $withCount: Boolean!) {\n    mentorMatches(query: $query, first: $first, after: $after, filter: $filter) {\n      totalCount @include(if: $withCount)\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          score\n          mentor {\n            id\n            displayName\n            ...MatchCard_user\n          }\n          explanation {\n            ...MatchExplanation_explanation\n          }\n        }\n      }\n    }\n  }\n": types.MentorMatchesDocument,
    "\n  mutation InviteMentee($input: InviteMenteeInput!) {\n    inviteMentee(input: $input) {\n      request {\n        id\n        status\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n": types.InviteMenteeDocument,
    "\n  fragment MatchCard_user on User {\n    id\n    displayName\n    profile {\n      headline\n      careerStage\n      yearsOfExperience\n      department\n      location\n      timezone\n      utcOffsetMinutes\n      languages\n    }\n  }\n": types.MatchCard_UserFragmentDoc,
    "\n  fragment MatchExplanation_explanation on MatchExplanation {\n    summary\n    matchedObjectives {\n      objective\n      expertise\n      similarity\n    }\n    sharedSkills {\n      name\n      mentorLevel\n      menteeLevel\n    }\n    personality\n    careerDirection\n    components {\n      kind\n      value\n      weight\n      contribution\n    }\n  }\n": types.MatchExplanation_ExplanationFragmentDoc,
    "\n  query MenteeProfile($id: ID!) {\n    profile(id: $id) {\n      seeksMentoring\n      objectives\n      headline\n      user {\n        id\n        displayName\n        email\n      }\n      ...ProfileDetails_profile\n    }\n  }\n": types.MenteeProfileDocument,
    "\n  query MentorProfile($id: ID!) {\n    profile(id: $id) {\n      canMentor\n      acceptingRequests\n      headline\n      user {\n        id\n        displayName\n        email\n      }\n      ...ProfileDetails_profile\n    }\n  }\n": types.MentorProfileDocument,
    "\n  fragment ProfileDetails_profile on Profile {\n    canMentor\n    seeksMentoring\n    headline\n    bio\n    expertise\n    objectives\n    skills {\n      name\n      level\n    }\n    careerStage\n    yearsOfExperience\n    department\n    location\n    timezone\n    utcOffsetMinutes\n    languages\n    personality {\n      bigFive {\n        openness\n        conscientiousness\n        extraversion\n        agreeableness\n        neuroticism\n      }\n      mbti\n    }\n    capacity\n    acceptingRequests\n    contactNote\n    user {\n      id\n      email\n    }\n  }\n": types.ProfileDetails_ProfileFragmentDoc,
    "\n  mutation RequestMentorship($input: RequestMentorshipInput!) {\n    requestMentorship(input: $input) {\n      request {\n        id\n        status\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n": types.RequestMentorshipDocument,
    "\n  query MyMatchingProfile {\n    me {\n      id\n      displayName\n      profile {\n        canMentor\n        seeksMentoring\n        objectives\n        expertise\n      }\n    }\n  }\n": types.MyMatchingProfileDocument,
    "\n  query PendingRequestsWith {\n    outgoingMentorshipRequests(status: [PENDING], first: 50) {\n      edges {\n        node {\n          id\n          createdAt\n          recipient {\n            id\n          }\n        }\n      }\n    }\n    incomingMentorshipRequests(status: [PENDING], first: 50) {\n      edges {\n        node {\n          id\n          createdAt\n          sender {\n            id\n          }\n        }\n      }\n    }\n  }\n": types.PendingRequestsWithDocument,
    "\n  query UnreadNotificationCount {\n    notifications(first: 1) {\n      unreadCount\n    }\n  }\n": types.UnreadNotificationCountDocument,
    "\n  subscription NotificationReceived {\n    notificationReceived {\n      id\n      kind\n      message\n      createdAt\n      read\n    }\n  }\n": types.NotificationReceivedDocument,
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
export function graphql(source: "\n  query MenteeMatches($query: String, $first: Int!, $after: String, $filter: MenteeFilter, $withCount: Boolean!) {\n    menteeMatches(query: $query, first: $first, after: $after, filter: $filter) {\n      totalCount @include(if: $withCount)\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          score\n          mentee {\n            id\n            displayName\n            profile {\n              objectives\n            }\n            ...MatchCard_user\n          }\n          explanation {\n            ...MatchExplanation_explanation\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MenteeMatches($query: String, $first: Int!, $after: String, $filter: MenteeFilter, $withCount: Boolean!) {\n    menteeMatches(query: $query, first: $first, after: $after, filter: $filter) {\n      totalCount @include(if: $withCount)\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          score\n          mentee {\n            id\n            displayName\n            profile {\n              objectives\n            }\n            ...MatchCard_user\n          }\n          explanation {\n            ...MatchExplanation_explanation\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MentorMatches($query: String, $first: Int!, $after: String, $filter: MentorFilter, $withCount: Boolean!) {\n    mentorMatches(query: $query, first: $first, after: $after, filter: $filter) {\n      totalCount @include(if: $withCount)\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          score\n          mentor {\n            id\n            displayName\n            ...MatchCard_user\n          }\n          explanation {\n            ...MatchExplanation_explanation\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MentorMatches($query: String, $first: Int!, $after: String, $filter: MentorFilter, $withCount: Boolean!) {\n    mentorMatches(query: $query, first: $first, after: $after, filter: $filter) {\n      totalCount @include(if: $withCount)\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          score\n          mentor {\n            id\n            displayName\n            ...MatchCard_user\n          }\n          explanation {\n            ...MatchExplanation_explanation\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InviteMentee($input: InviteMenteeInput!) {\n    inviteMentee(input: $input) {\n      request {\n        id\n        status\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation InviteMentee($input: InviteMenteeInput!) {\n    inviteMentee(input: $input) {\n      request {\n        id\n        status\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MatchCard_user on User {\n    id\n    displayName\n    profile {\n      headline\n      careerStage\n      yearsOfExperience\n      department\n      location\n      timezone\n      utcOffsetMinutes\n      languages\n    }\n  }\n"): (typeof documents)["\n  fragment MatchCard_user on User {\n    id\n    displayName\n    profile {\n      headline\n      careerStage\n      yearsOfExperience\n      department\n      location\n      timezone\n      utcOffsetMinutes\n      languages\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MatchExplanation_explanation on MatchExplanation {\n    summary\n    matchedObjectives {\n      objective\n      expertise\n      similarity\n    }\n    sharedSkills {\n      name\n      mentorLevel\n      menteeLevel\n    }\n    personality\n    careerDirection\n    components {\n      kind\n      value\n      weight\n      contribution\n    }\n  }\n"): (typeof documents)["\n  fragment MatchExplanation_explanation on MatchExplanation {\n    summary\n    matchedObjectives {\n      objective\n      expertise\n      similarity\n    }\n    sharedSkills {\n      name\n      mentorLevel\n      menteeLevel\n    }\n    personality\n    careerDirection\n    components {\n      kind\n      value\n      weight\n      contribution\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MenteeProfile($id: ID!) {\n    profile(id: $id) {\n      seeksMentoring\n      objectives\n      headline\n      user {\n        id\n        displayName\n        email\n      }\n      ...ProfileDetails_profile\n    }\n  }\n"): (typeof documents)["\n  query MenteeProfile($id: ID!) {\n    profile(id: $id) {\n      seeksMentoring\n      objectives\n      headline\n      user {\n        id\n        displayName\n        email\n      }\n      ...ProfileDetails_profile\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MentorProfile($id: ID!) {\n    profile(id: $id) {\n      canMentor\n      acceptingRequests\n      headline\n      user {\n        id\n        displayName\n        email\n      }\n      ...ProfileDetails_profile\n    }\n  }\n"): (typeof documents)["\n  query MentorProfile($id: ID!) {\n    profile(id: $id) {\n      canMentor\n      acceptingRequests\n      headline\n      user {\n        id\n        displayName\n        email\n      }\n      ...ProfileDetails_profile\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ProfileDetails_profile on Profile {\n    canMentor\n    seeksMentoring\n    headline\n    bio\n    expertise\n    objectives\n    skills {\n      name\n      level\n    }\n    careerStage\n    yearsOfExperience\n    department\n    location\n    timezone\n    utcOffsetMinutes\n    languages\n    personality {\n      bigFive {\n        openness\n        conscientiousness\n        extraversion\n        agreeableness\n        neuroticism\n      }\n      mbti\n    }\n    capacity\n    acceptingRequests\n    contactNote\n    user {\n      id\n      email\n    }\n  }\n"): (typeof documents)["\n  fragment ProfileDetails_profile on Profile {\n    canMentor\n    seeksMentoring\n    headline\n    bio\n    expertise\n    objectives\n    skills {\n      name\n      level\n    }\n    careerStage\n    yearsOfExperience\n    department\n    location\n    timezone\n    utcOffsetMinutes\n    languages\n    personality {\n      bigFive {\n        openness\n        conscientiousness\n        extraversion\n        agreeableness\n        neuroticism\n      }\n      mbti\n    }\n    capacity\n    acceptingRequests\n    contactNote\n    user {\n      id\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestMentorship($input: RequestMentorshipInput!) {\n    requestMentorship(input: $input) {\n      request {\n        id\n        status\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RequestMentorship($input: RequestMentorshipInput!) {\n    requestMentorship(input: $input) {\n      request {\n        id\n        status\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyMatchingProfile {\n    me {\n      id\n      displayName\n      profile {\n        canMentor\n        seeksMentoring\n        objectives\n        expertise\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyMatchingProfile {\n    me {\n      id\n      displayName\n      profile {\n        canMentor\n        seeksMentoring\n        objectives\n        expertise\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PendingRequestsWith {\n    outgoingMentorshipRequests(status: [PENDING], first: 50) {\n      edges {\n        node {\n          id\n          createdAt\n          recipient {\n            id\n          }\n        }\n      }\n    }\n    incomingMentorshipRequests(status: [PENDING], first: 50) {\n      edges {\n        node {\n          id\n          createdAt\n          sender {\n            id\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PendingRequestsWith {\n    outgoingMentorshipRequests(status: [PENDING], first: 50) {\n      edges {\n        node {\n          id\n          createdAt\n          recipient {\n            id\n          }\n        }\n      }\n    }\n    incomingMentorshipRequests(status: [PENDING], first: 50) {\n      edges {\n        node {\n          id\n          createdAt\n          sender {\n            id\n          }\n        }\n      }\n    }\n  }\n"];
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
"""Per-request DataLoaders: the related rows a page shows, fetched for all its items at once.

A resolver of one item (a match's mentor, a request's sender) asks its loader for one key; the loader
gathers the keys every item asked for in the same turn of the event loop and reads them through one
batch function of the owning domain's service, so a page of 50 costs the same few statements as a
page of 5. Each loader answers for the one viewer it was made for (see `Context.loaders`).
"""

from __future__ import annotations

import uuid

from strawberry.dataloader import DataLoader

from mentormatch.accounts.service import Viewer
from mentormatch.feedback import records
from mentormatch.feedback import service as feedback
from mentormatch.feedback.models import Feedback, MentorshipSession
from mentormatch.mentorships import service as mentorships
from mentormatch.mentorships.models import Mentorship
from mentormatch.mentorships.service import ContactDetail
from mentormatch.profiles import service as profiles
from mentormatch.profiles.models import Profile
from mentormatch.profiles.service import Db


class Loaders:
    """The loaders of one viewer.

    `cache` off serves every load from the database, batched but never remembered: a WebSocket
    connection lives for hours and each of its events must show the data as it is then.
    """

    def __init__(self, db: Db, viewer: Viewer | None, *, cache: bool = True) -> None:
        self.db = db
        self.viewer = viewer
        self.profile: DataLoader[uuid.UUID, Profile | None] = DataLoader(load_fn=self._profiles, cache=cache)
        # Keyed by user id, but only ever asked for the viewer's: one statement per request (per
        # event over a WebSocket), however many people's contact details the response shows.
        self.active_counterparts: DataLoader[uuid.UUID, set[uuid.UUID]] = DataLoader(
            load_fn=self._active_counterparts, cache=cache
        )
        # The viewer's check-in state on a mentorship (keyed by the loaded mentorship, cached by its id).
        self.check_in_state: DataLoader[Mentorship, feedback.CheckInState] = DataLoader(
            load_fn=self._check_in_states, cache=cache, cache_key_fn=lambda m: m.id
        )
        # By mentorship id: the check-ins this viewer may see, and the sessions (for participants).
        self.feedback: DataLoader[uuid.UUID, list[Feedback]] = DataLoader(load_fn=self._feedback, cache=cache)
        self.sessions: DataLoader[uuid.UUID, list[MentorshipSession]] = DataLoader(
            load_fn=self._sessions, cache=cache
        )
        # By user id: mentors' public records (None for someone who does not mentor).
        self.mentor_record: DataLoader[uuid.UUID, records.MentorRecord | None] = DataLoader(
            load_fn=self._mentor_records, cache=cache
        )

    async def sees_email(self, owner_id: uuid.UUID) -> bool:
        """Whether this viewer may see that user's email (the rule: mentorships.service.sees_contact)."""
        return await self._sees_contact(owner_id, ContactDetail.EMAIL)

    async def sees_contact_note(self, owner_id: uuid.UUID) -> bool:
        """Whether this viewer may see that user's contact note (the same rule)."""
        return await self._sees_contact(owner_id, ContactDetail.NOTE)

    async def _sees_contact(self, owner_id: uuid.UUID, detail: ContactDetail) -> bool:
        if self.viewer is None:
            return False
        # Being the owner (or an admin, for the email) needs no mentorship: decide that without a query,
        # so `me { email }` on every page costs nothing extra. More counterparts only ever let more through.
        if mentorships.sees_contact(self.viewer, owner_id, (), detail):
            return True
        counterparts = await self.active_counterparts.load(self.viewer.user.id)
        return mentorships.sees_contact(self.viewer, owner_id, counterparts, detail)

    async def _profiles(self, user_ids: list[uuid.UUID]) -> list[Profile | None]:
        """Profiles by user id as this viewer may see them; None where there is none to show."""
        visible = await profiles.visible_profiles(self.db, viewer=self.viewer, user_ids=user_ids)
        return [visible.get(user_id) for user_id in user_ids]

    async def _active_counterparts(self, user_ids: list[uuid.UUID]) -> list[set[uuid.UUID]]:
        found = await mentorships.active_counterparts(self.db, user_ids=user_ids)
        return [found[user_id] for user_id in user_ids]

    async def _check_in_states(self, mentorships_: list[Mentorship]) -> list[feedback.CheckInState]:
        if self.viewer is None:
            return [feedback.NO_CHECK_IN for _ in mentorships_]
        states = await feedback.check_in_states(
            self.db, viewer_id=self.viewer.user.id, mentorships=mentorships_
        )
        return [states[m.id] for m in mentorships_]

    async def _feedback(self, mentorship_ids: list[uuid.UUID]) -> list[list[Feedback]]:
        if self.viewer is None:
            return [[] for _ in mentorship_ids]
        found = await feedback.visible_feedback(self.db, viewer=self.viewer, mentorship_ids=mentorship_ids)
        return [found[mentorship_id] for mentorship_id in mentorship_ids]

    async def _sessions(self, mentorship_ids: list[uuid.UUID]) -> list[list[MentorshipSession]]:
        found = await feedback.sessions_of(self.db, mentorship_ids=mentorship_ids)
        return [found[mentorship_id] for mentorship_id in mentorship_ids]

    async def _mentor_records(self, user_ids: list[uuid.UUID]) -> list[records.MentorRecord | None]:
        found = await records.mentor_records(self.db, user_ids=user_ids)
        return [found.get(user_id) for user_id in user_ids]

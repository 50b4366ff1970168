"""GraphQL of profiles: the Profile type, `profile(id)`, `User.profile` and `updateMyProfile`."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from mentormatch.errors import ServiceError, not_found
from mentormatch.graphql.context import Info
from mentormatch.graphql.errors import UserError, user_errors
from mentormatch.graphql.inputs import input_to_dict
from mentormatch.profiles import csv_import, service
from mentormatch.profiles.models import CareerStage, ItemKind, Profile
from mentormatch.profiles.timezones import utc_offset_minutes
from mentormatch.profiles.validation import parse_profile_input

if TYPE_CHECKING:
    from mentormatch.accounts.api import UserType
    from mentormatch.feedback.api import MentorRecord

CareerStageEnum = strawberry.enum(
    CareerStage, name="CareerStage", description="From early career to executive, in this order."
)


@strawberry.type(name="Skill")
class SkillType:
    name: str
    level: int = strawberry.field(description="1 (beginner) to 5 (expert).")


@strawberry.type
class BigFive:
    """Big Five personality scores, 0-100 each."""

    openness: int
    conscientiousness: int
    extraversion: int
    agreeableness: int
    neuroticism: int


@strawberry.type
class Personality:
    big_five: BigFive | None
    mbti: str | None


@strawberry.type(name="Profile", description="What a participant can teach and wants to learn.")
class ProfileType:
    model: strawberry.Private[Profile]

    @strawberry.field
    def user(self) -> Annotated[UserType, strawberry.lazy("mentormatch.accounts.api")]:
        from mentormatch.accounts.api import UserType

        return UserType(model=self.model.user)

    @strawberry.field
    def can_mentor(self) -> bool:
        return self.model.can_mentor

    @strawberry.field
    def seeks_mentoring(self) -> bool:
        return self.model.seeks_mentoring

    @strawberry.field
    def headline(self) -> str | None:
        return self.model.headline

    @strawberry.field
    def bio(self) -> str | None:
        return self.model.bio

    @strawberry.field(description="What they can teach, one topic per item.")
    def expertise(self) -> list[str]:
        return self.model.texts(ItemKind.EXPERTISE)

    @strawberry.field(description="What they want to learn, one objective per item.")
    def objectives(self) -> list[str]:
        return self.model.texts(ItemKind.OBJECTIVE)

    @strawberry.field
    def skills(self) -> list[SkillType]:
        return [SkillType(name=s.name, level=s.level) for s in self.model.skills]

    @strawberry.field
    def career_stage(self) -> CareerStageEnum | None:  # type: ignore[valid-type]
        return self.model.career_stage

    @strawberry.field
    def years_of_experience(self) -> int | None:
        return self.model.years_of_experience

    @strawberry.field
    def department(self) -> str | None:
        return self.model.department

    @strawberry.field
    def location(self) -> str | None:
        return self.model.location

    @strawberry.field(description="IANA time zone, e.g. Europe/Berlin.")
    def timezone(self) -> str | None:
        return self.model.timezone

    @strawberry.field(description="The time zone's current offset from UTC, in minutes.")
    def utc_offset_minutes(self) -> int | None:
        return utc_offset_minutes(self.model.timezone)

    @strawberry.field
    def languages(self) -> list[str]:
        return list(self.model.languages)

    @strawberry.field
    def personality(self) -> Personality | None:
        if self.model.big_five is None and self.model.mbti is None:
            return None
        big_five = BigFive(**self.model.big_five) if self.model.big_five else None
        return Personality(big_five=big_five, mbti=self.model.mbti)

    @strawberry.field(description="Most active mentees at once.")
    def capacity(self) -> int:
        return self.model.capacity

    @strawberry.field
    def accepting_requests(self) -> bool:
        return self.model.accepting_requests

    @strawberry.field(
        description="How to reach them (e.g. chat handle, best times), up to 500 characters. Visible to "
        "the owner and to the other participant of an ACTIVE mentorship with them while it lasts; null "
        "for anyone else, admins included."
    )
    async def contact_note(self, info: Info) -> str | None:
        visible = await info.context.loaders.sees_contact_note(self.model.user_id)
        return self.model.contact_note if visible else None

    @strawberry.field(
        description="Their public record as a mentor (rating aggregate, responsiveness); null unless "
        "canMentor."
    )
    async def mentor_record(
        self, info: Info
    ) -> Annotated[MentorRecord, strawberry.lazy("mentormatch.feedback.api")] | None:
        from mentormatch.feedback.api import MentorRecord

        record = await info.context.loaders.mentor_record.load(self.model.user_id)
        return MentorRecord.of(record) if record is not None else None

    @strawberry.field(description="Hidden by a moderator; only the owner and admins see such a profile.")
    def is_hidden(self) -> bool:
        return self.model.is_hidden

    @strawberry.field(description="When a moderator hid it (only its owner and admins see a hidden profile).")
    def hidden_at(self) -> datetime | None:
        return self.model.hidden_at

    @strawberry.field(description="The moderator's reason for hiding it; admins only, null to anyone else.")
    def hidden_reason(self, info: Info) -> str | None:
        viewer = info.context.viewer
        return self.model.hidden_reason if viewer is not None and viewer.is_admin else None

    @strawberry.field
    def updated_at(self) -> datetime:
        return self.model.updated_at


@strawberry.input
class SkillInput:
    name: str
    level: int = strawberry.field(description="1 (beginner) to 5 (expert).")


@strawberry.input
class BigFiveInput:
    openness: int
    conscientiousness: int
    extraversion: int
    agreeableness: int
    neuroticism: int


@strawberry.input
class PersonalityInput:
    big_five: BigFiveInput | None = strawberry.UNSET
    mbti: str | None = strawberry.UNSET


@strawberry.input(description="Every field is optional: omitted fields stay as they are; null clears.")
class ProfileInput:
    can_mentor: bool | None = strawberry.UNSET
    seeks_mentoring: bool | None = strawberry.UNSET
    headline: str | None = strawberry.UNSET
    bio: str | None = strawberry.UNSET
    expertise: list[str] | None = strawberry.UNSET
    objectives: list[str] | None = strawberry.UNSET
    skills: list[SkillInput] | None = strawberry.UNSET
    career_stage: CareerStageEnum | None = strawberry.UNSET  # type: ignore[valid-type]
    years_of_experience: int | None = strawberry.UNSET
    department: str | None = strawberry.UNSET
    location: str | None = strawberry.UNSET
    timezone: str | None = strawberry.UNSET
    languages: list[str] | None = strawberry.UNSET
    personality: PersonalityInput | None = strawberry.UNSET
    capacity: int | None = strawberry.UNSET
    accepting_requests: bool | None = strawberry.UNSET
    contact_note: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="How to reach you once a mentorship is active (up to 500 characters); only the other "
        "participant of an ACTIVE mentorship with you sees it.",
    )


@strawberry.type
class ProfilePayload:
    profile: ProfileType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


def parse_id(raw: str, what: str) -> uuid.UUID:
    """An opaque id from a client; a malformed one is simply not found."""
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        raise not_found(what) from None


async def resolve_profile(info: Info, user_id: uuid.UUID) -> ProfileType | None:
    """A user's profile as the viewer may see it, batched with the rest of the request's."""
    profile = await info.context.loaders.profile.load(user_id)
    return ProfileType(model=profile) if profile else None


@strawberry.type
class ProfilesQuery:
    @strawberry.field(
        description="A participant's profile, to signed-in callers only (UNAUTHENTICATED otherwise); "
        "null if none or not visible to you."
    )
    async def profile(self, info: Info, id: strawberry.ID) -> ProfileType | None:
        info.context.require_viewer()
        try:
            user_id = parse_id(id, "Profile")
        except ServiceError:
            return None
        return await resolve_profile(info, user_id)


@strawberry.enum(description="What importing one row does.")
class ImportAction(enum.Enum):
    CREATE = "CREATE"
    UPDATE = "UPDATE"
    UNCHANGED = "UNCHANGED"
    ERROR = "ERROR"


@strawberry.input(description="One import field and a column of the file that holds it.")
class ColumnMappingInput:
    field: str = strawberry.field(description="An import field, one of `ImportPeoplePayload.fields`.")
    column: str = strawberry.field(description="A column name of the file's header.")


@strawberry.type(description="One import field and a column of the file that holds it.")
class ColumnMapping:
    field: str
    column: str


@strawberry.input
class ImportPeopleInput:
    csv: str = strawberry.field(
        description="The CSV file's text (UTF-8; `,`, `;` or tab between cells, detected); at most "
        "MENTORMATCH_IMPORT_UPLOAD_MAX_BYTES bytes and MENTORMATCH_IMPORT_UPLOAD_MAX_ROWS rows (TOO_LARGE)."
    )
    mapping: list[ColumnMappingInput] | None = strawberry.field(
        default=None,
        description="Which column holds which field (a list field may take several); null: the columns "
        "named like a field.",
    )
    dry_run: bool = strawberry.field(description="True: report what would change and write nothing.")


@strawberry.type(description="What importing one row did, or would do.")
class ImportRow:
    line: int = strawberry.field(description="The row's line in the file; the header is line 1.")
    email: str | None
    action: ImportAction
    message: str | None = strawberry.field(description="Why an ERROR row is refused.")


@strawberry.type
class ImportTotals:
    created: int
    updated: int
    unchanged: int
    rejected: int


@strawberry.type
class ImportPeoplePayload:
    dry_run: bool
    fields: list[str] = strawberry.field(description="Every import field, in the order forms list them.")
    columns: list[str] = strawberry.field(description="The file's header; empty if it could not be read.")
    mapping: list[ColumnMapping] = strawberry.field(description="The mapping applied (or refused).")
    totals: ImportTotals | None = None
    rows: list[ImportRow] = strawberry.field(
        description="Dry run: every row with its action; import: the rows refused."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


def _import_payload(
    input: ImportPeopleInput, result: csv_import.UploadResult | None, columns: list[str]
) -> ImportPeoplePayload:
    mapping = result.mapping if result is not None else [(m.field, m.column) for m in input.mapping or []]
    return ImportPeoplePayload(
        dry_run=input.dry_run,
        fields=list(csv_import.IMPORT_FIELDS),
        columns=result.header if result is not None else columns,
        mapping=[ColumnMapping(field=name, column=column) for name, column in mapping],
        totals=None
        if result is None
        else ImportTotals(
            created=result.summary.created,
            updated=result.summary.updated,
            unchanged=result.summary.unchanged,
            rejected=len(result.summary.rejected),
        ),
        rows=[]
        if result is None
        else [
            ImportRow(line=r.line, email=r.email, action=ImportAction(r.action), message=r.error)
            for r in result.rows
        ],
    )


@strawberry.type
class ProfilesMutation:
    @strawberry.mutation(
        description="Import people from a CSV file (admins only), upserting by email like `mentormatch "
        "import`: with `dryRun`, what each row would do, nothing written; otherwise valid rows are "
        "imported, bad ones reported, and the totals audited (PEOPLE_IMPORTED)."
    )
    async def import_people(self, info: Info, input: ImportPeopleInput) -> ImportPeoplePayload:
        context = info.context
        resources = context.resources
        columns: list[str] = []
        try:
            admin = context.require_admin()
            result = await csv_import.upload_people(
                resources.db,
                resources.embedder,
                actor_id=admin.user.id,
                text=input.csv,
                mapping=None if input.mapping is None else [(m.field, m.column) for m in input.mapping],
                dry_run=input.dry_run,
                limits=csv_import.UploadLimits(
                    max_bytes=resources.settings.import_upload_max_bytes,
                    max_rows=resources.settings.import_upload_max_rows,
                ),
            )
        except ServiceError as error:
            if isinstance(error, csv_import.MappingRefused):
                columns = error.header
            payload = _import_payload(input, None, columns)
            payload.errors = user_errors(error)
            return payload
        if not input.dry_run:
            context.wrote()
        return _import_payload(input, result, columns)

    @strawberry.mutation(description="Create or edit your profile; returns once every text is embedded.")
    async def update_my_profile(self, info: Info, input: ProfileInput) -> ProfilePayload:
        context = info.context
        try:
            viewer = context.require_viewer()
            changes = parse_profile_input(input_to_dict(input))
            profile = await service.update_profile(
                context.resources.db, context.resources.embedder, user_id=viewer.user.id, changes=changes
            )
        except ServiceError as error:
            return ProfilePayload(errors=user_errors(error))
        return ProfilePayload(profile=ProfileType(model=profile))

"""Five-society linkage: the directory (organisations, social workers, volunteers, charity
resources), funded projects, canvassing visits and their needs, children's micro-wishes and
pledges, and volunteer hours."""

from services.linkage.models.amounts import ZERO, money
from services.linkage.models.children import (
    AGE_BANDS,
    Child,
    ChildAccessLog,
    ChildQuerySet,
    Pledge,
    PledgeQuerySet,
    Wish,
    WishQuerySet,
    age_band_label,
    age_band_of,
)
from services.linkage.models.directory import (
    Category,
    CharityResource,
    LinkageVolunteerQuerySet,
    OrganisationQuerySet,
    SocialOrganisation,
    SocialWorker,
    Volunteer,
)
from services.linkage.models.hours import VolunteerHours
from services.linkage.models.projects import (
    BudgetOverride,
    Funding,
    FundingSource,
    Level,
    Milestone,
    Project,
    Spending,
)
from services.linkage.models.visits import Need, NeedStep, Visit

__all__ = [
    "AGE_BANDS",
    "ZERO",
    "BudgetOverride",
    "Category",
    "CharityResource",
    "Child",
    "ChildAccessLog",
    "ChildQuerySet",
    "Funding",
    "FundingSource",
    "Level",
    "LinkageVolunteerQuerySet",
    "Milestone",
    "Need",
    "NeedStep",
    "OrganisationQuerySet",
    "Pledge",
    "PledgeQuerySet",
    "Project",
    "SocialOrganisation",
    "SocialWorker",
    "Spending",
    "Visit",
    "Volunteer",
    "VolunteerHours",
    "Wish",
    "WishQuerySet",
    "age_band_label",
    "age_band_of",
    "money",
]

"""互动: feedback items (建议、意见、批评、咨询、投诉) with owners and deadlines; questionnaires."""

from .items import (  # noqa: F401
    Attachment,
    Channel,
    Event,
    FeedbackSettings,
    Item,
    OPEN_STATUSES,
    SOCIAL_CHANNELS,
    Kind,
    Rating,
    Reply,
    Route,
    Satisfaction,
    Status,
)
from .surveys import Answer, Choice, Question, Response, Survey  # noqa: F401

"""The meeting session (current step, timers, records, resume) and the Markdown renderers.

No Textual here: the TUI and the CLI both drive a `MeetingSession`.
"""

from okrtui.meeting.errors import MeetingError

__all__ = ["MeetingError"]

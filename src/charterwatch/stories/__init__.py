"""Stage: stories. ``group_stories(items) -> list[Story]``."""

from charterwatch.stories.group import Story, StoryItem, group_stories

__all__ = ["Story", "StoryItem", "group_stories"]

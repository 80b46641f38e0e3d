"""The fake Anthropic of the conversation tests: a conversation with a mistake whose topic
a grammar drill then practises."""

from tests.conversation.conftest import anthropic, claude_settings

__all__ = ["anthropic", "claude_settings"]

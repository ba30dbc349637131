"""Fact extraction: statistics on dialogues, complaints and awards read from article text by rules."""

from danvan.facts.extract import Article, Fact, extract_facts
from danvan.facts.rules import Rules, RulesError, load_rules, rules_from_tables

__all__ = ["Article", "Fact", "Rules", "RulesError", "extract_facts", "load_rules", "rules_from_tables"]

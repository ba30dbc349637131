"""Scrapers: sources → discover → fetch → extract → land, one module per stage.

`scrapers.crawl.crawl_source` runs them for one source and one data interval; `scrapers.check.check_source`
is the live smoke check behind `danvan check-source`. Sources are YAML (docs/sources.md).
"""

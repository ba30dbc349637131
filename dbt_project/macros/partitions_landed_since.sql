{#- A filter on the landing manifest keeping whole (source, interval) partitions, among them every one that
    holds a row fetched after `watermark`: the values are written into the query, so DuckDB skips the
    Parquet files of other partitions by their statistics (it does not for a join or a subquery). The
    filter may keep a few more partitions than those (the cross of their sources and intervals); they
    are restaged whole, which changes nothing. -#}
{% macro partitions_landed_since(watermark) %}
    {%- set landed = run_query(
        "select distinct source, interval from " ~ source('landing', 'manifest')
        ~ " where fetched_at > cast('" ~ watermark ~ "' as timestamptz)"
    ) -%}
    {%- if landed.rows | length == 0 -%}
        {{ return('false') }}
    {%- endif -%}
    {%- set sources = landed.columns[0].values() | unique | map('string') | list -%}
    {%- set intervals = landed.columns[1].values() | unique | map('string') | list -%}
    {{ return(
        "source in ('" ~ sources | map('replace', "'", "''") | join("', '") ~ "')"
        ~ " and interval in ('" ~ intervals | map('replace', "'", "''") | join("', '") ~ "')"
    ) }}
{% endmacro %}

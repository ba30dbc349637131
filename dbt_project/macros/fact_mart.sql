{#- The three fact marts share their grain and their common columns; each adds its own qualifiers.
    Incremental by article: only articles read since the last build are replaced. Their quality flags
    come from fct_fact_issues, which compares figures within an article only: an article's flags
    change exactly when its facts do, so replacing the article replaces its flags. A fact is a headline
    figure (parent_fact_id null) or a part of another fact of its article (the total it breaks down);
    statistic_id names the figure it reports, shared by every article that reports the same one. -#}
{% macro fact_mart(fact_table, extra_columns) %}

with

facts as (

    select * from {{ ref('int_article_facts') }}
    where fact_table = '{{ fact_table }}'
    {% if is_incremental() %}
        and extracted_at > (select coalesce(max(extracted_at), '1970-01-01'::timestamptz) from {{ this }})
    {% endif %}

),

issues as (

    select * from {{ ref('fct_fact_issues') }}

),

flags as (

    select
        fact_id,
        string_agg(check_name, ',' order by check_name) as quality_flags
    from issues
    group by fact_id

),

final as (

    select
        facts.fact_id,
        facts.parent_fact_id,
        {{ statistic_id('facts', extra_columns) }} as statistic_id,
        facts.article_url,
        facts.measure,
        facts.value,
        facts.value_text,
        facts.value_qualifier,
        {%- for column in extra_columns %}
        facts.{{ column }},
        {%- endfor %}
        facts.province,
        facts.province_today,
        facts.locality,
        facts.period_label,
        cast(facts.period_year as integer) as period_year,
        facts.evidence,
        flags.quality_flags,
        facts.extracted_at
    from facts
    left join flags on facts.fact_id = flags.fact_id

)

select * from final

{% endmacro %}

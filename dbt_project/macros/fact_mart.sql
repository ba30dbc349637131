{#- The three fact marts share their grain and their common columns; each adds its own qualifiers.
    Incremental by article: only articles read since the last build are replaced. -#}
{% macro fact_mart(fact_table, extra_columns) %}

with

facts as (

    select * from {{ ref('int_article_facts') }}
    where fact_table = '{{ fact_table }}'
    {% if is_incremental() %}
        and extracted_at > (select coalesce(max(extracted_at), '1970-01-01'::timestamptz) from {{ this }})
    {% endif %}

),

final as (

    select
        fact_id,
        article_url,
        measure,
        value,
        value_text,
        value_qualifier,
        {%- for column in extra_columns %}
        {{ column }},
        {%- endfor %}
        province,
        province_today,
        locality,
        period_label,
        cast(period_year as integer) as period_year,
        evidence,
        extracted_at
    from facts

)

select * from final

{% endmacro %}

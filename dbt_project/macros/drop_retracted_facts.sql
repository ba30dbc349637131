{#- A pre-hook of the incremental fact marts: delete+insert replaces only the articles that have new
    facts, so the facts an article no longer states (its new version says less, or nothing) are deleted
    here, by what int_article_facts still holds. -#}
{% macro drop_retracted_facts() %}
    {% if is_incremental() %}
        delete from {{ this }} where fact_id not in (select fact_id from {{ ref('int_article_facts') }})
    {% endif %}
{% endmacro %}

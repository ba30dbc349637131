{#- The identity of a statistic (a figure as distinct from the articles that report it): what is counted,
    the number and how exact it is, its qualifiers, place and year. Facts with the same identity are
    mentions of one statistic, in the manner of GDELT's events and mentions. The period's wording and the
    issuer as written are left out: articles word them differently for the same figure. `relation` is
    the alias of a fact relation; a qualifier its table does not carry counts as empty, so a fact mart
    and fct_statistics (which reads the three together) compute the same id. -#}
{% macro statistic_id(relation, qualifiers) %}
    md5(concat_ws(
        '|',
        {%- for column in [
            'fact_table', 'measure', 'value', 'value_qualifier', 'admin_level', 'dialogue_kind',
            'complaint_kind', 'award_form', 'recipient_type', 'province', 'locality', 'period_year'
        ] %}
        {%- if column in ['fact_table', 'measure', 'value', 'value_qualifier', 'province', 'locality',
            'period_year'] or column in qualifiers %}
        coalesce(cast({{ relation }}.{{ column }} as varchar), ''){{ ',' if not loop.last }}
        {%- else %}
        ''{{ ',' if not loop.last }}
        {%- endif %}
        {%- endfor %}
    ))
{% endmacro %}

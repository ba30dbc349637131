{#- Schemas are named as configured (marts, staging…), without the target's prefix, because BI tools
    and the fact contract address them as `marts.fct_dialogues`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name if custom_schema_name is not none else target.schema }}
{%- endmacro %}

{{ config(
    materialized='incremental',
    unique_key='article_url',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    pre_hook="{{ drop_retracted_facts() }}",
) }}

{{ fact_mart('fct_complaints', ['admin_level', 'complaint_kind']) }}

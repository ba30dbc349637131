{#- The newest value of `column` already in this incremental model, as a value to write into the query:
    compared with a literal, DuckDB skips the Parquet row groups whose statistics are older, which it
    does not for a subquery. -#}
{% macro newest_in_this(column) %}
    {{ return(run_query('select max(' ~ column ~ ') from ' ~ this).columns[0].values()[0]) }}
{% endmacro %}

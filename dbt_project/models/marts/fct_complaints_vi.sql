-- Citizen reception and complaints as a report reads them: a row per statement, Vietnamese labels
-- (tiếp công dân, giải quyết khiếu nại, tố cáo).
{{ config(materialized='view') }}

{{ wide_view_vi('fct_complaints', {'admin_level': 'Cấp', 'complaint_kind': 'Loại đơn'}) }}

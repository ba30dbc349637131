-- Awards and "Dân vận khéo" models as a report reads them: a row per statement, Vietnamese labels
-- (khen thưởng, phong trào Dân vận khéo).
{{ config(materialized='view') }}

{{ wide_view_vi('fct_awards', {
    'award_form': 'Hình thức khen thưởng',
    'recipient_type': 'Đối tượng',
    'issuer': 'Cấp khen',
    'admin_level': 'Cấp',
}) }}

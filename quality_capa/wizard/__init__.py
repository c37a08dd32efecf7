from . import quality_nc_report_wizard

from . import quality_sign_wizard

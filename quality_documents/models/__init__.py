from . import quality_signature
from . import quality_signature_failure
from . import quality_signature_mixin

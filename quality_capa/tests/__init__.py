from . import test_nonconformance
from . import test_capa

from . import test_fanout
from . import test_gate
from . import test_completion
from . import test_tour

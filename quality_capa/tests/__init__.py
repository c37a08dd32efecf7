from . import test_nonconformance
from . import test_capa
from . import test_tour
from . import test_report_problem
from . import test_capa_screens
from . import test_change_reason

from gongkai.accounts import demo as accounts_demo
from gongkai.accounts.models import Agency
from gongkai.documents import demo
from gongkai.documents.kinds import LetterKind
from gongkai.documents.letters import resolve_template
from gongkai.documents.models import DocumentsEvent
from gongkai.documents.numbering import allocate_number


def test_it_loads_twice_without_changing_anything_the_second_time(db):
    accounts_demo.load()
    demo.load()
    events = DocumentsEvent.objects.count()
    demo.load()
    assert DocumentsEvent.objects.count() == events
    zrj = Agency.objects.get(code="huzhu-zrj")
    assert allocate_number(zrj, LetterKind.DECISION, 2024) == "互自然资公答〔2024〕1号"
    assert "互助县政务服务中心" in resolve_template(zrj, LetterKind.FEE_NOTICE).body

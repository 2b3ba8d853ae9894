"""Django's zh_Hans formats, with the site's two date shapes (gongkai/portal/dates.py): a date Django
formats on its own (the admin, a date input without its own format) is ``2026年12月2日`` in text
and ``2026-12-02`` in an input box — never the locale's ``2026/12/02`` or a zero-padded ``09月``."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403 - everything else as Django has it

DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATE_FORMAT = "Y年n月j日"
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"
MONTH_DAY_FORMAT = "n月j日"
# the first entry is the one inputs are filled with; the others are still accepted
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S.%f",
                          "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M"]

"""News or a service message the importer skips: not_news_reason."""

import pytest

from articles.parsing import not_news_reason, parse_text


def test_a_repeated_copyright_notice_is_a_service_message():
    notice = parse_text(
        "Notice/ (Attention) Notice =\n\n"
        "xxxx copyright by Harbour Wire xxxx copyright by Harbour Wire xxxx\n"
        "xxxx copyright by Harbour Wire xxxx copyright by Harbour Wire xxxx\n"
        "Harbour Wire the harbour wire agency international service Harbour Wire"
    )
    assert not_news_reason(notice).startswith("no dateline, no sentence")


@pytest.mark.parametrize(
    "text",
    [
        # A results brief: no dateline, no sentence, but not boilerplate.
        "ACME CORP SETS QUARTERLY DIVIDEND\n\nQtly div eight cts vs seven cts prior"
        "\nPay April one\nRecord March 13\nReuter",
        # A story that repeats its chant, with sentences.
        "Fans chant at final\n\n" + "Come on you blues, come on you blues. " * 12,
        # Under a dateline, repeated words are a story quoting them.
        "BERLIN (dpa) - " + "Harbour City we love you Harbour City " * 10,
        # A table of figures: no sentence, repeats, but figures, not words.
        "RATES - APRIL 7\n\n" + "ONE MTH 3-3/8 3-1/4 TWO MTHS 3-3/8 3-1/4 " * 8,
    ],
)
def test_briefs_tables_and_chants_are_not_service_messages(text):
    assert not_news_reason(parse_text(text)) == ""

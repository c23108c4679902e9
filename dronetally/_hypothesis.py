"""Hypothesis runs this when it is imported (the "hypothesis" entry point),
so that ``st.from_type(Report)`` and ``st.from_type(Ledger)`` work in any
test once dronetally is installed."""


def _hypothesis_setup_hook() -> None:
    from hypothesis import strategies as st

    from dronetally import strategies as dts
    from dronetally.count import Count
    from dronetally.ledger import Ledger
    from dronetally.report import Report

    st.register_type_strategy(Count, dts.counts())
    st.register_type_strategy(Report, dts.reports(consistent=None))
    st.register_type_strategy(Ledger, dts.ledgers())

"""Hypothesis runs this when it is imported (the "hypothesis" entry point),
so that ``st.from_type(Report)`` and ``st.from_type(Ledger)`` work in any
test once dronetally is installed.

The strategies are looked up only when a test asks for them: this hook may
run while ``dronetally.strategies`` itself is importing Hypothesis, and must
not import it back.
"""

from typing import Any


def _hypothesis_setup_hook() -> None:
    from hypothesis import strategies as st

    from dronetally.count import Count
    from dronetally.ledger import Ledger
    from dronetally.report import Report

    def strategy(name: str, **kwargs: Any) -> Any:
        def resolve(_type: type) -> Any:
            from dronetally import strategies as dts

            return getattr(dts, name)(**kwargs)

        return resolve

    st.register_type_strategy(Count, strategy("counts"))
    st.register_type_strategy(Report, strategy("reports", consistent=None))
    st.register_type_strategy(Ledger, strategy("ledgers"))

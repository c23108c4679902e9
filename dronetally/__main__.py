from dronetally.cli import main

main(prog_name="tally")

from wrapper.cli.entry import main

main()

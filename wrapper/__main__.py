from wrapper.cli.app import main

main()

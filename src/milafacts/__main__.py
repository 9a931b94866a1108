from milafacts.cli import main

main()

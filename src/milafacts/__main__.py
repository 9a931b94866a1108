from milafacts.entry import main

main()

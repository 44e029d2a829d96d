from okrtui.cli import main

main()

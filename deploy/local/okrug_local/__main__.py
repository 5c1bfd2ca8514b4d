from okrug_local.cli import main

main()

from taishan.cli import main

main()

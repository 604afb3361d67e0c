from taishan.launch import main

main()

from deploy.nginx import main

main()

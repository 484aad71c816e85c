"""Knowledge the network shares: webinars with public registration, the good-practice bank with
its transfers between cities, and the funding opportunities the secretariat relays."""

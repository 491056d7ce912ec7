# root's profile

def after_install():
	pass

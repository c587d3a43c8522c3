"""(being built for issue #16)"""

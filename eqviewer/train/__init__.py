"""eqviewer.train"""

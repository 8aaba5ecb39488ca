"""eqviewer.gui"""

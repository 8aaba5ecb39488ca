"""eqviewer.review"""

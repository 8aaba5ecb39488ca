"""eqviewer.io"""

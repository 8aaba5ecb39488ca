"""eqviewer.model"""

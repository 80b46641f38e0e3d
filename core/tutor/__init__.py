"""What the product asks an AI, behind one interface (Claude or the offline tutor)."""

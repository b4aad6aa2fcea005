"""Five-society linkage (五社联动): door-to-door needs lists matched to volunteers, social
organisations and charity resources; funded projects; children's micro-wishes; volunteer hours."""

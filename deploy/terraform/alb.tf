# The dashboard and HTTP API behind HTTPS, or nothing at all when expose_dashboard is false.

resource "aws_security_group" "alb" {
  count = var.expose_dashboard ? 1 : 0

  name        = "${var.name}-dashboard"
  description = "HTTPS to the sniper dashboard and API"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  for_each = var.expose_dashboard ? toset(var.dashboard_ingress_cidrs) : toset([])

  security_group_id = aws_security_group.alb[0].id
  description       = "HTTPS from ${each.value}"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_egress_rule" "alb_to_service" {
  count = var.expose_dashboard ? 1 : 0

  security_group_id            = aws_security_group.alb[0].id
  description                  = "The sniper serve tasks"
  ip_protocol                  = "tcp"
  from_port                    = local.container_port
  to_port                      = local.container_port
  referenced_security_group_id = aws_security_group.service.id
}

resource "aws_lb" "dashboard" {
  count = var.expose_dashboard ? 1 : 0

  name                       = "${var.name}-dashboard"
  load_balancer_type         = "application"
  internal                   = var.alb_internal
  subnets                    = var.alb_subnet_ids
  security_groups            = [aws_security_group.alb[0].id]
  drop_invalid_header_fields = true

  lifecycle {
    precondition {
      condition     = length(var.alb_subnet_ids) >= 2
      error_message = "expose_dashboard needs alb_subnet_ids in at least two Availability Zones."
    }
  }
}

resource "aws_lb_target_group" "dashboard" {
  count = var.expose_dashboard ? 1 : 0

  name                 = "${var.name}-dashboard"
  port                 = local.container_port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = 30

  health_check {
    path                = "/healthz"
    matcher             = "200"
    interval            = 15
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener" "https" {
  count = var.expose_dashboard ? 1 : 0

  load_balancer_arn = aws_lb.dashboard[0].arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.dashboard[0].arn
  }

  lifecycle {
    precondition {
      condition     = var.certificate_arn != null
      error_message = "expose_dashboard needs certificate_arn (an ACM certificate for the dashboard's name)."
    }
  }
}

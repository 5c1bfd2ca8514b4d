"""The deployments (deploy/compose, deploy/k8s, deploy/nginx), validated offline."""
